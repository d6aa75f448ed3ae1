"""What orders tell the rest of the house (domain events; see docs/adr/0012).

``order_status_changed`` is sent inside the transaction that moved the order, with
``order``, ``from_status``, ``to_status``, ``actor`` and ``reason``. Receivers live in the app
that reacts (ledger: a completed order earns; payments: a cancelled paid order owes a
refund) and write in the same transaction, so the order never moves without them. Anything
outside the database (e-mail, WhatsApp) is sent after commit, through tasks.

``order_placed`` is sent, with ``order``, inside the transaction that wrote a new order.
"""

from django.dispatch import Signal

order_status_changed = Signal()
order_placed = Signal()
