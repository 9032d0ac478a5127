"""The relying party's pages: start a presentation (QR code, same-device button), result."""
