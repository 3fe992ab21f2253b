"""Binarisation methods for Tesseract's input, compared by ``congvan eval-ocr --binarize``.

Tesseract 4/5's LSTM recogniser reads gray levels and binarises internally (Otsu) only for
its layout analysis, so ``"none"`` (a cleaned gray page) is a legitimate choice; Otsu,
adaptive mean and Sauvola are the usual alternatives for uneven, noisy scans.
"""

from __future__ import annotations

import cv2
import numpy as np

METHODS = ("none", "otsu", "adaptive", "sauvola")


def otsu(gray: np.ndarray) -> np.ndarray:
    _, out = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return out


def adaptive(gray: np.ndarray, block: int = 31, c: int = 15) -> np.ndarray:
    return cv2.adaptiveThreshold(
        gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY, block | 1, c
    )


def sauvola(gray: np.ndarray, window: int = 31, k: float = 0.2, r: float = 128.0) -> np.ndarray:
    """Sauvola: threshold = mean · (1 + k · (std / r − 1)) over a ``window`` box."""
    g = gray.astype(np.float32)
    ksize = (window | 1, window | 1)
    mean = cv2.boxFilter(g, -1, ksize, borderType=cv2.BORDER_REFLECT)
    sq = cv2.boxFilter(g * g, -1, ksize, borderType=cv2.BORDER_REFLECT)
    std = np.sqrt(np.maximum(sq - mean * mean, 0))
    thresh = mean * (1 + k * (std / r - 1))
    return np.where(g > thresh, 255, 0).astype(np.uint8)


def binarize(gray: np.ndarray, method: str) -> np.ndarray:
    """``gray`` binarised with ``method`` (one of :data:`METHODS`); "none" returns it as is."""
    if method == "none":
        return gray
    if method == "otsu":
        return otsu(gray)
    if method == "adaptive":
        return adaptive(gray)
    if method == "sauvola":
        return sauvola(gray)
    raise ValueError(f"unknown binarisation {method!r}; choose from {', '.join(METHODS)}")
