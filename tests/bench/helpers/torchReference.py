"""The reference for tests/bench/predictReference.bench.ts: the bench's two models built in torch
(the framework a user would otherwise run them in), exported to ONNX for Lightbox, and timed in
torch on CPU over the same images, decoded and resized with Pillow as a user's script would.

  python3 torchReference.py export OUT_DIR             writes classifier.onnx, detector.onnx
  python3 torchReference.py run classifier|detector THREADS IMAGE...   prints one JSON line
"""
import json
import sys
import time

import torch
from PIL import Image

NC = 2
N_BOXES = 8400


class Classifier(torch.nn.Module):
    """64×64 RGB in, logits for red, green, blue: the mean of each channel × 10 (the colour classifier)."""

    def __init__(self):
        super().__init__()
        self.w = torch.nn.Parameter(torch.eye(3) * 10)

    def forward(self, images):
        return images.mean((2, 3)) @ self.w


class Detector(torch.nn.Module):
    """640×640 in, Ultralytics' [1, 4 + nc, 8400] out: a 3×3 stride-2 convolution to 16 channels reads
    the whole input, then constant boxes (random candidates with low scores and twenty confident cats)."""

    def __init__(self):
        super().__init__()
        g = torch.Generator().manual_seed(5)
        self.conv = torch.nn.Conv2d(3, 16, 3, stride=2, padding=1, bias=False)
        with torch.no_grad():
            self.conv.weight.copy_(torch.rand(16, 3, 3, 3, generator=g) - 0.5)
        boxes = torch.empty(1, 4 + NC, N_BOXES)
        boxes[0, 0:2] = torch.rand(2, N_BOXES, generator=g) * 640
        boxes[0, 2:4] = 10 + torch.rand(2, N_BOXES, generator=g) * 100
        boxes[0, 4:] = torch.rand(NC, N_BOXES, generator=g) * 0.3
        boxes[0, 4, ::400] = 0.9
        self.register_buffer("boxes", boxes)

    def forward(self, images):
        return self.boxes + self.conv(images).mean() * 0


def export(out_dir):
    for name, model, size, outputs in (("classifier", Classifier(), 64, ["logits"]), ("detector", Detector(), 640, ["output0"])):
        torch.onnx.export(model.eval(), torch.zeros(1, 3, size, size), f"{out_dir}/{name}.onnx", input_names=["images"], output_names=outputs, opset_version=13)


def fill(img, size):
    return img.resize((size, size), Image.BILINEAR)


def letterbox(img, size):
    r = min(size / img.width, size / img.height)
    w, h = max(1, round(img.width * r)), max(1, round(img.height * r))
    out = Image.new("RGB", (size, size), (114, 114, 114))
    out.paste(img.resize((w, h), Image.BILINEAR), (round((size - w) / 2 - 0.1), round((size - h) / 2 - 0.1)))
    return out


def to_tensor(img):
    t = torch.frombuffer(bytearray(img.tobytes()), dtype=torch.uint8).reshape(img.height, img.width, 3)
    return t.permute(2, 0, 1).unsqueeze(0).float().div_(255)


def run(kind, threads, files):
    torch.set_num_threads(threads)
    model = (Classifier() if kind == "classifier" else Detector()).eval()
    place = (lambda i: fill(i, 64)) if kind == "classifier" else (lambda i: letterbox(i, 640))
    kept = 0
    t0 = time.perf_counter()
    with torch.inference_mode():
        for f in files:
            x = to_tensor(place(Image.open(f).convert("RGB")))
            y = model(x)
            if kind == "classifier":
                kept += int(torch.softmax(y, 1).max() >= 0.25)
            else:
                # The score threshold a pre-label applies (NMS would need torchvision, which is not installed with python3-torch).
                kept += int((y[0, 4:].max(0).values >= 0.25).sum())
    secs = time.perf_counter() - t0
    print(json.dumps({"images": len(files), "seconds": secs, "kept": kept, "torch": torch.__version__}))


if __name__ == "__main__":
    if sys.argv[1] == "export":
        export(sys.argv[2])
    else:
        run(sys.argv[2], int(sys.argv[3]), sys.argv[4:])
