"""Tracking store: plans, tasks, issued documents, number registers, keys and the event log.

    from cascade.store import Store
    store = Store("postgresql+psycopg://postgres@127.0.0.1/test")  # or None: trienkhai.db
    store.upgrade()
"""
