"""Services: the only way the window and the command line change data.

Each call validates its input, opens its own short transaction, writes an audit entry in that same
transaction and returns plain, detached objects. Errors are domain errors with German messages.
"""
