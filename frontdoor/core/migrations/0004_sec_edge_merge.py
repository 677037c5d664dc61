"""Joins the rate-limit cache table (sec-edge) and the audit chain (sec-logs): neither depends on the other."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("core", "0003_sec_edge_rate_limit_cache"), ("core", "0003_sec_logs_chain")]

    operations = []
