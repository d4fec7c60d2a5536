"""Wire adapters: how requests reach the engine (a botocore hook, an HTTP server)."""
