from django_tasks import task


@task()
def refresh_figures() -> int:
    """Add up the figures across villages again (scheduled; also asked for by a page that
    found them stale)."""
    from .services import figures_refresh

    return figures_refresh()
