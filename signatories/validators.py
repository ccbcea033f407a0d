"""Validators the register's models and forms share."""

from django.core.validators import URLValidator

# Organisations' websites: people follow these links, so only the web's schemes.
HTTP_URL = URLValidator(schemes=["http", "https"])
