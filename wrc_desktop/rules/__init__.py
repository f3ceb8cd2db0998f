"""Pure domain logic of WRC Desk: no Qt, no SQL, no files written.

Nothing here imports the rest of the project, so the rules can be read and
tested alone. "Today" is always a parameter.
"""
