"""The WhatsApp messages of an order, in readable Indonesian (sent through ``core.whatsapp``)."""

from django.utils.translation import gettext as _

from tokodesa.core.templatetags.rupiah import format_rupiah


def order_message(order, lines, url: str) -> str:
    """The order as a buyer sends it to the shop: code, items, totals, name, address, link."""
    rows = [_("Hello %(shop)s, I would like to order:") % {"shop": order.village.name}, ""]
    rows.append(_("Order code: %(code)s") % {"code": order.code})
    for line in lines:
        rows.append(
            f"• {line.quantity} × {line.product_name} ({line.variant_label}) – "
            f"{format_rupiah(line.line_total)}"
        )
    rows.append(_("Subtotal: %(amount)s") % {"amount": format_rupiah(order.subtotal)})
    if order.discount:
        rows.append(
            _("Voucher %(code)s: −%(amount)s")
            % {"code": order.voucher_code, "amount": format_rupiah(order.discount)}
        )
    rows.append(
        _("Shipping: please tell me the fee")
        if order.status == "awaiting_confirmation"
        else _("Shipping: %(amount)s") % {"amount": format_rupiah(order.shipping_fee)}
    )
    if order.shipping_discount:
        rows.append(
            _("Shipping discount: −%(amount)s") % {"amount": format_rupiah(order.shipping_discount)}
        )
    rows.append(_("Total: %(amount)s") % {"amount": format_rupiah(order.total)})
    if order.deposit:
        rows.append(
            _("Deposit now: %(deposit)s; the rest when the goods are ready: %(rest)s")
            % {"deposit": format_rupiah(order.deposit), "rest": format_rupiah(order.balance)}
        )
    rows += [
        "",
        _("Name: %(name)s") % {"name": order.buyer_name},
        _("Address: %(address)s") % {"address": ", ".join(order.address_lines)},
        "",
        _("Order page: %(url)s") % {"url": url},
    ]
    return "\n".join(rows)


def chat_message(order) -> str:
    return _("Hello %(shop)s, about my order %(code)s: ") % {
        "shop": order.village.name,
        "code": order.code,
    }
