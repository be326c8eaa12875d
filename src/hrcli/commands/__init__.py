"""One module per subcommand; each defines ``register(app)``. What they share is in ``common``."""
