"""What payments tell the rest of the house (domain events; see docs/adr/0012).

``payment_accepted`` is sent inside the transaction that accepts money for an order (staff
saw the transfer, or a verified gateway said so), with ``order``, ``actor`` and ``reason``.
Checkout answers by marking the order paid; if the order cannot take it, the receiver raises
and nothing is recorded.
"""

from django.dispatch import Signal

payment_accepted = Signal()
