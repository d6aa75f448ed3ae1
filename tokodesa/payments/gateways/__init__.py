"""Online payment gateways: a village's keys for them and thin HTTP clients (one module each).

A gateway never marks an order paid by itself: its verified notification does, through
payments.services.payment_confirm (see payments.webhooks).
"""
