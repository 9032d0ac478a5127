"""A fake camera for Chromium: a QR code as a Y4M video that Chromium plays as the webcam.

Chromium reads ``--use-file-for-fake-video-capture=FILE.y4m`` (with
``--use-fake-device-for-media-stream`` and ``--use-fake-ui-for-media-stream``, which answers
the permission prompt) and loops it as the camera's picture. Y4M is simple enough to write by
hand: a header line (``YUV4MPEG2 W.. H.. F..:1 Ip A1:1 C420jpeg``), then per frame ``FRAME``
and the planes of 4:2:0 YUV: luma (one byte per pixel), then Cb and Cr at half width and
height. A QR code is black and white, so the chroma planes are all 128 (no colour).
"""

from __future__ import annotations

import re
from pathlib import Path

import qrcode

__all__ = ["Matrix", "matrix_from_svg", "qr_matrix", "write_qr_video"]

Matrix = list[list[bool]]
"""A QR code's modules, quiet zone included, row by row; True: dark."""
_MODULE = re.compile(r"M(\d+),(\d+)H")
_VIEWBOX = re.compile(r'viewBox="0 0 (\d+) (\d+)"')

BLACK = 16  # studio-range luma, as cameras deliver it
WHITE = 235


def qr_matrix(text: str) -> Matrix:
    """The QR code of ``text`` (error correction M) with its 4-module quiet zone; True: dark."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    code.add_data(text)
    code.make(fit=True)
    matrix: Matrix = code.get_matrix()
    return matrix


def matrix_from_svg(svg: str) -> Matrix:
    """The code a Regie page shows (``regie.web.qr``: a ``viewBox`` of one unit per module and
    one ``M x,y H...`` square per dark module), so the camera can show the page's real code."""
    size = _VIEWBOX.search(svg)
    if size is None or size.group(1) != size.group(2):
        raise ValueError("not a QR code drawn by regie.web.qr")
    modules = int(size.group(1))
    matrix = [[False] * modules for _ in range(modules)]
    for x, y in _MODULE.findall(svg):
        matrix[int(y)][int(x)] = True
    return matrix


def _luma(matrix: Matrix, width: int, height: int) -> bytes:
    """The picture's luma plane: the code centred, as large as fits in whole pixels/module."""
    modules = len(matrix)
    scale = min(width, height) // modules
    if scale < 2:  # a module of one pixel does not survive the camera path
        raise ValueError(f"a {modules}-module code does not fit {width}x{height}; make it larger")
    left = (width - modules * scale) // 2
    top = (height - modules * scale) // 2
    white_row = bytes([WHITE]) * width
    rows = [white_row] * height
    for y, row in enumerate(matrix):
        line = bytearray(white_row)
        for x, dark in enumerate(row):
            if dark:
                start = left + x * scale
                line[start : start + scale] = bytes([BLACK]) * scale
        for offset in range(scale):
            rows[top + y * scale + offset] = bytes(line)
    return b"".join(rows)


def write_qr_video(
    code: str | Matrix,
    path: Path,
    *,
    width: int = 640,
    height: int = 480,
    fps: int = 10,
    seconds: float = 3.0,
) -> Path:
    """Write ``code`` (a text, or the modules of a code) as a QR code into a Y4M video at
    ``path``, ``seconds`` long; ``path``."""
    if width % 2 or height % 2:
        raise ValueError("4:2:0 video needs an even width and height")
    luma = _luma(qr_matrix(code) if isinstance(code, str) else code, width, height)
    chroma = bytes([128]) * ((width // 2) * (height // 2))
    frame = b"FRAME\n" + luma + chroma + chroma
    with path.open("wb") as video:
        video.write(f"YUV4MPEG2 W{width} H{height} F{fps}:1 Ip A1:1 C420jpeg\n".encode("ascii"))
        for _ in range(max(1, round(fps * seconds))):
            video.write(frame)
    return path
