#!/usr/bin/env python3
"""Writes the malformed inputs used by docs/bad-input.md and BadInputTest.

Run from this folder with any python3: `python3 make_bad_inputs.py`. The model
files are made from good.dnd, which `dendrite train --data good.csv --epochs 5
--layers 4 --seed 1 -o good.dnd` wrote; CI never runs this script.
"""
import gzip
import struct

def write(name, text):
    with open(name, "w") as f:
        f.write(text)

good_rows = ["sepal,petal,width,species"]
import random
random.seed(7)
for i in range(60):
    c = i % 3
    good_rows.append("%.2f,%.2f,%.2f,%s" % (c + random.random(), 2 * c + random.random(), random.random(),
                                            ["setosa", "versicolor", "virginica"][c]))
write("good.csv", "\n".join(good_rows) + "\n")
write("empty.csv", "")
write("header-only.csv", "sepal,petal,width,species\n")
write("ragged.csv", "sepal,petal,width,species\n1,2,3,setosa\n1,2,3,4,setosa\n")
write("non-numeric.csv", "sepal,petal,width,species\n1,2,3,setosa\n1,abc,3,setosa\n")
write("nan.csv", "sepal,petal,width,species\n1,2,3,setosa\n1,NaN,3,setosa\n")
write("unseen-label.csv", "sepal,petal,width,species\n1,2,3,setosa\n1,2,3,tulip\n")
write("wrong-width.csv", "a,b\n1,2\n3,4\n")
data = gzip.compress(open("good.csv", "rb").read())
open("truncated.csv.gz", "wb").write(data[: len(data) // 2])

def idx_images(n, rows, cols, magic=0x00000803, body=None):
    head = struct.pack(">IIII", magic, n, rows, cols)
    return head + (body if body is not None else bytes(range(n * rows * cols)))

def idx_labels(n, magic=0x00000801):
    return struct.pack(">II", magic, n) + bytes(i % 10 for i in range(n))

import os
def idx_dir(name, train_images, train_labels):
    os.makedirs(name, exist_ok=True)
    open(os.path.join(name, "train-images-idx3-ubyte"), "wb").write(train_images)
    open(os.path.join(name, "train-labels-idx1-ubyte"), "wb").write(train_labels)
    open(os.path.join(name, "t10k-images-idx3-ubyte"), "wb").write(idx_images(4, 2, 2))
    open(os.path.join(name, "t10k-labels-idx1-ubyte"), "wb").write(idx_labels(4))

idx_dir("idx-bad-magic", idx_images(8, 2, 2, magic=0x00000802), idx_labels(8))
idx_dir("idx-bad-dims", idx_images(8, 0, 2, body=b""), idx_labels(8))
idx_dir("idx-truncated", idx_images(8, 2, 2)[:30], idx_labels(8))
idx_dir("idx-count-mismatch", idx_images(8, 2, 2), idx_labels(7))
idx_dir("idx-overlong", idx_images(8, 2, 2, body=bytes(range(33))), idx_labels(8))
idx_dir("idx-test-label", idx_images(8, 2, 2), idx_labels(8))
# the test labels, read on a second thread, name a class 12 of 10
open(os.path.join("idx-test-label", "t10k-labels-idx1-ubyte"), "wb").write(struct.pack(">II", 0x801, 4) + bytes([1, 2, 12, 3]))

model = open("good.dnd", "rb").read()
write("not-a-model.dnd", "this is a text file, not a model\n")
open("truncated.dnd", "wb").write(model[: len(model) - 40])
corrupted = bytearray(model)
corrupted[len(model) // 2] ^= 0xFF
open("corrupted.dnd", "wb").write(bytes(corrupted))
newer = bytearray(model)
newer[8:12] = struct.pack("<I", 2)
open("newer-version.dnd", "wb").write(bytes(newer))

# columns matched by name (docs/bad-input.md rows 100-199)
write("renamed.csv", "sepal,leaf,width,species\n1,2,3,setosa\n")
write("no-header-wide.csv", "1,2,3,4,5\n6,7,8,9,10\n")
write("one-class.csv", "a,b,species\n" + "".join("%d,%d,setosa\n" % (i, 2 * i) for i in range(10)))
write("one-row.csv", "a,b,species\n1,2,setosa\n")
write("four-rows.csv", "a,b,species\n1,2,x\n2,3,y\n3,4,x\n4,5,y\n")
# gone.dnd: `dendrite train --data /tmp/dendrite-gone/iris.csv --epochs 1 --layers 4 -o gone.dnd` on a copy of
# good.csv, after which the folder was deleted: the model records a training file that is no longer there
# encodings (rows 200-209): data files must be UTF-8
open("utf16.csv", "wb").write("x,label\n1,a\n2,b\n".encode("utf-16"))  # with its byte order mark
open("invalid-utf8.csv", "wb").write(b"x,label\n1,caf\xe9\n2,caf\xe8\n")  # Latin-1 bytes, not UTF-8
write("wide.csv", ",".join("c%d" % i for i in range(100)) + "\n" + ",".join("1" for _ in range(100)) + "\n")
# tabular data (rows 400-499): categories, missing cells, several targets
write("text-then-number.csv", "color,size,species\nred,1,a\n7,2,b\n")
write("many-categories.csv", "id,y\n" + "".join("u%d,%d\n" % (i, i % 2) for i in range(1001)))
write("missing-cell.csv", "sepal,petal,width\n1,,3\n")
write("empty-label.csv", "sepal,petal,width,species\n1,2,3,setosa\n1,2,3,\n4,5,6,virginica\n")
# interaction files for `dendrite recommend` (rows 600..)
write("interactions-ragged.csv", "userId,movieId,rating,timestamp\n1,31,2.5,1260759144\n1,1029,3.0\n")
write("interactions-bad-rating.csv", "userId,movieId,rating,timestamp\n1,31,2.5,1260759144\n2,31,five,1260759179\n")
write("interactions-pairs.csv", "alice,tt01\nbob,tt02\nalice,tt02\n")
# image folders (rows 720..): tiny grey PNGs written without any imaging library
import zlib
def png_grey(path, w, h, level):
    rows = b"".join(b"\x00" + bytes([level] * w) for _ in range(h))  # filter byte 0, then the row
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    data = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    open(path, "wb").write(data)
png_grey("images-mixed-sizes/a/1.png", 6, 6, 40)
png_grey("images-mixed-sizes/a/2.png", 6, 6, 60)
png_grey("images-mixed-sizes/b/1.png", 7, 5, 200)  # 5 high, 7 wide: the odd one out
png_grey("images-mixed-sizes/b/2.png", 6, 6, 220)
