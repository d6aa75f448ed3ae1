"""``in`` for integer columns that ignores numbers no column can hold.

Django already answers ``id=10**30`` with "no rows" (its IntegerFieldOverflow lookups), but
not ``id__in=[10**30]``: the SQLite driver then raises OverflowError. A form field choosing rows
by id (the admin's many-to-many pickers) sends whatever the browser typed there.
"""

from django.db.models import IntegerField
from django.db.models.lookups import In


@IntegerField.register_lookup
class IntegerIn(In):
    lookup_name = "in"

    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(
                self.lhs.output_field.get_internal_type()
            )
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int)
                or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)
