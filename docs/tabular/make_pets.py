#!/usr/bin/env python3
"""Writes pets.csv, the small mixed table of the README's "Tables as they come":
a number, two text columns, the label, and about 4% of the weights and colours missing. Run with any python3."""
import random

r = random.Random(10)
rows = ["weight,color,coat,kind"]
for i in range(300):
    kind = ["cat", "dog", "rabbit"][i % 3]
    weight = {"cat": 4.5, "dog": 18.0, "rabbit": 2.0}[kind] * (0.6 + 0.8 * r.random())
    color = r.choice({"cat": ["black", "white", "ginger", "grey"], "dog": ["black", "brown", "white"],
                      "rabbit": ["white", "grey", "brown"]}[kind])
    coat = r.choice({"cat": ["short", "long"], "dog": ["short", "wire", "long"], "rabbit": ["long", "short"]}[kind])
    w = "%.1f" % weight if r.random() > 0.04 else r.choice(["", "NA"])
    c = color if r.random() > 0.04 else "?"
    rows.append("%s,%s,%s,%s" % (w, c, coat, kind))
open("pets.csv", "w").write("\n".join(rows) + "\n")
open("new-pets.csv", "w").write("kind,coat,color,weight\n?,short,black,4.1\n?,wire,brown,\n?,long,purple,1.8\n")
