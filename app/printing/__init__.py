"""Documents and sheets the program writes (PDF, Excel); text comes from app.i18n."""
