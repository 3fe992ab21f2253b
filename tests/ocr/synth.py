"""Synthetic test pages drawn with PIL: a Decree-30-like letter in Liberation Serif.

Small and deterministic, so clean-up tests need neither the sample renderer nor Tesseract.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

FONT_DIR = Path("/usr/share/fonts/truetype/liberation2")
BODY = [
    "Thực hiện Kế hoạch số 125/KH-UBND ngày 15 tháng 01 năm 2024 của Ủy ban nhân dân",
    "thành phố về việc tổ chức các hoạt động chào mừng kỷ niệm ngày thành lập Đảng,",
    "Ủy ban nhân dân phường đề nghị các đơn vị khẩn trương triển khai thực hiện và báo",
    "cáo kết quả về Văn phòng trước ngày 20 tháng 02 năm 2024 để tổng hợp chung.",
    "Trong quá trình thực hiện nếu có khó khăn, vướng mắc, đề nghị liên hệ trực tiếp",
    "với đồng chí Nguyễn Thị Hồng, chuyên viên, số điện thoại 0251.3822.456 để được",
    "hướng dẫn. Yêu cầu thủ trưởng các đơn vị nghiêm túc thực hiện đúng thời gian quy định.",
]


def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    name = "LiberationSerif-Bold.ttf" if bold else "LiberationSerif-Regular.ttf"
    return ImageFont.truetype(str(FONT_DIR / name), size)


def letter_page(dpi: int = 300, seal: bool = False, signer: str = "Nguyễn Văn Bình") -> np.ndarray:
    """An RGB A4 page at ``dpi``: two-column header, body, Nơi nhận and signature block."""
    s = dpi / 300
    w, h = int(2480 * s), int(3508 * s)
    img = Image.new("RGB", (w, h), "white")
    d = ImageDraw.Draw(img)
    f, fb = font(int(54 * s)), font(int(54 * s), bold=True)

    def center(text: str, cx: float, y: float, fnt: ImageFont.FreeTypeFont) -> None:
        tw = d.textlength(text, font=fnt)
        d.text((cx * s - tw / 2, y * s), text, font=fnt, fill="black")

    center("ỦY BAN NHÂN DÂN", 640, 240, f)
    center("PHƯỜNG TÂN PHONG", 640, 310, fb)
    center("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 1640, 240, fb)
    center("Độc lập - Tự do - Hạnh phúc", 1640, 310, fb)
    center("Số: 245/UBND-VP", 640, 450, f)
    center("Tân Phong, ngày 05 tháng 02 năm 2024", 1640, 450, font(int(54 * s)))
    center("V/v triển khai kế hoạch tháng 02", 640, 530, f)
    center("Kính gửi: Các đơn vị trực thuộc.", 1240, 700, f)
    y = 850
    for line in BODY:
        d.text((260 * s, y * s), line, font=f, fill="black")
        y += 90
    d.text((260 * s, 1600 * s), "Nơi nhận:", font=fb, fill="black")
    d.text((260 * s, 1680 * s), "- Như trên;", font=f, fill="black")
    d.text((260 * s, 1750 * s), "- Lưu: VT.", font=f, fill="black")
    center("TM. ỦY BAN NHÂN DÂN", 1700, 1600, fb)
    center("CHỦ TỊCH", 1700, 1680, fb)
    center(signer, 1700, 2000, fb)
    if seal:
        cx, cy, r = int(1560 * s), int(1860 * s), int(260 * s)
        overlay = np.array(img)
        cv2.circle(overlay, (cx, cy), r, (220, 30, 40), int(14 * s))
        cv2.circle(overlay, (cx, cy), int(r * 0.7), (220, 30, 40), int(8 * s))
        cv2.putText(overlay, "UBND", (cx - int(150 * s), cy + int(40 * s)), cv2.FONT_HERSHEY_SIMPLEX, 4 * s, (220, 30, 40), int(12 * s))
        cv2.line(overlay, (cx - r, int(2030 * s)), (cx + r, int(1990 * s)), (220, 30, 40), int(10 * s))
        base = np.array(img)
        # ink is multiplicative: the seal darkens paper but black text stays black
        img = Image.fromarray((base.astype(np.float32) * overlay / 255).astype(np.uint8))
    return np.array(img)


def rotate_deg(image: np.ndarray, angle: float) -> np.ndarray:
    """``image`` rotated ``angle`` degrees counter-clockwise (white fill), same size."""
    h, w = image.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    fill = (255, 255, 255) if image.ndim == 3 else 255
    return cv2.warpAffine(image, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=fill)
