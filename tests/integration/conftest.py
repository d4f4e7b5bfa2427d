"""PostgreSQL fixtures live in tests/conftest.py so service tests run on both."""
