"""What the county center reads across its folders at once (the dashboard): above
app/review and app/sync, which it reads from; nothing in app/ imports it."""
