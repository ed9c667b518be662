"""The demo world: invented agencies, offices, enterprises, sessions and documents.

`manage.py seed_demo` loads it; nothing in the production apps imports it.
"""
