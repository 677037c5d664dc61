from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = (
        "Print the authenticator-app code demo accounts need now (refused where demo users are not allowed)."
    )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        if not settings.FRONTDOOR_ALLOW_DEMO_USERS:
            raise CommandError("Demo accounts are not allowed with these settings (production).")
        device = TOTPDevice.objects.filter(user__is_demo=True, confirmed=True).first()
        if device is None:
            raise CommandError("There are no demo accounts: run `manage.py seed_demo` first.")
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        left = device.step - int(totp.time - device.t0) % device.step
        self.stdout.write(
            f"{totp.token():0{device.digits}d}  (good for {left} more seconds, and the next 30)"
        )
