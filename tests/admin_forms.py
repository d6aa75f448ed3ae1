"""Fill a Django admin change form as a browser would submit it unchanged."""


def _value(bound):
    value = bound.value()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "on" if value else ""
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    if hasattr(value, "pk"):
        return str(value.pk)
    if hasattr(value, "field") and hasattr(value, "storage"):  # a stored file: left as it is
        return None
    return str(value)


def form_data(form) -> dict:
    data = {}
    for bound in form:
        value = _value(bound)
        if value is None or (value == "" and bound.widget_type == "checkbox"):
            continue
        data[bound.html_name] = value
    return data


def admin_post_data(response) -> dict:
    """The POST a browser sends for the admin page in ``response``, nothing changed."""
    context = response.context
    data = form_data(context["adminform"].form)
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(form_data(formset.management_form))
        for form in formset.forms:
            data.update(form_data(form))
    return data
