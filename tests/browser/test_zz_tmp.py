import pytest
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
def test_overflow_is_caught(shopper, storefront):
    me = shopper()
    me.goto(storefront.at("/"))
    me.page.evaluate("document.querySelector('.hero h1').style.width = '480px'")
    with pytest.raises(pytest.fail.Exception) as info:
        me.check("wide")
    print(info.value)
