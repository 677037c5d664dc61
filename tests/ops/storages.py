"""A file storage on a full disk: every file it is given is written to /dev/full, which the kernel answers
with ENOSPC ("No space left on device") as a full volume would."""

from django.core.files.storage import FileSystemStorage


class FullDiskStorage(FileSystemStorage):
    def _save(self, name, content):  # type: ignore[no-untyped-def]
        with open("/dev/full", "wb") as device:  # noqa: PTH123
            for chunk in content.chunks():
                device.write(chunk)
            device.flush()
        return name
