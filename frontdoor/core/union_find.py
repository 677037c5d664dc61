"""Grouping things joined pairwise (A with B, B with C: one group): union-find over a dict of parents."""

from __future__ import annotations

from typing import TypeVar

T = TypeVar("T")


def find(parent: dict[T, T], x: T) -> T:
    """The root of ``x``'s group (``x`` joins ``parent`` as a group of its own if new), halving the path."""
    parent.setdefault(x, x)
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x
