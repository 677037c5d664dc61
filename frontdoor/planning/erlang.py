"""Erlang C: how many call handlers answer a target share of calls within a target wait.

Calls arrive at random (Poisson) and wait in one queue for the next free handler; handling times are
exponential. With traffic A (erlangs = calls × average handling time ÷ interval) and N handlers:
  P(wait) = Erlang C(N, A), computed through the Erlang B recursion (stable for large N, no factorials);
  service level(t) = 1 − P(wait) · e^(−(N − A) · t / AHT).
The model ignores abandoned calls, so it errs on the side of more handlers."""

from __future__ import annotations

import math
from dataclasses import dataclass

MAX_HANDLERS = 1000


class ImpossibleTarget(ValueError):
    """No number of handlers can meet the target; the message says why, for the planner page."""


def erlang_b(agents: int, traffic: float) -> float:
    blocking = 1.0
    for n in range(1, agents + 1):
        blocking = traffic * blocking / (n + traffic * blocking)
    return blocking


def erlang_c(agents: int, traffic: float) -> float:
    """The probability that a call waits; 1.0 when the handlers cannot keep up (N ≤ A)."""
    if traffic <= 0:
        return 0.0
    if agents <= traffic:
        return 1.0
    blocking = erlang_b(agents, traffic)
    return agents * blocking / (agents - traffic * (1 - blocking))


def traffic(calls: float, handling_seconds: float, interval_seconds: float) -> float:
    return calls * handling_seconds / interval_seconds


def service_level(
    agents: int, traffic_erlangs: float, handling_seconds: float, target_wait_seconds: float
) -> float:
    """The share of calls answered within the target wait."""
    if traffic_erlangs <= 0:
        return 1.0
    if agents <= traffic_erlangs:
        return 0.0
    waits = erlang_c(agents, traffic_erlangs)
    return 1 - waits * math.exp(-(agents - traffic_erlangs) * target_wait_seconds / handling_seconds)


def average_speed_of_answer(agents: int, traffic_erlangs: float, handling_seconds: float) -> float:
    if agents <= traffic_erlangs:
        return math.inf
    return erlang_c(agents, traffic_erlangs) * handling_seconds / (agents - traffic_erlangs)


def check_target(target_share: float, target_wait_seconds: float) -> None:
    if not 0 < target_share < 1:
        if target_share >= 1:
            raise ImpossibleTarget(
                "No number of call handlers can answer every call within a set time: calls arrive at random, "
                "so some always arrive while every handler is busy. Choose a share below 100%, for example "
                "80% in 20 seconds."
                if target_wait_seconds > 0
                else "No number of call handlers can answer 100% of calls in 0 seconds: calls arrive at random, "
                "so some always arrive while every handler is busy. Choose a share below 100% and a wait "
                "above 0 seconds, for example 80% in 20 seconds."
            )
        raise ImpossibleTarget("Enter a share of calls between 1% and 99.9%")
    if target_wait_seconds < 0:
        raise ImpossibleTarget("Enter a wait of 0 seconds or more")


@dataclass(frozen=True)
class Staffing:
    handlers: int
    service_level: float
    traffic: float


def handlers_needed(
    calls: float,
    handling_seconds: float,
    *,
    interval_seconds: float = 1800,
    target_share: float = 0.8,
    target_wait_seconds: float = 20,
) -> Staffing:
    """The fewest handlers that answer `target_share` of the calls within `target_wait_seconds`."""
    check_target(target_share, target_wait_seconds)
    if calls <= 0 or handling_seconds <= 0:
        return Staffing(0, 1.0, 0.0)
    load = traffic(calls, handling_seconds, interval_seconds)
    agents = max(1, math.floor(load) + 1)
    while agents <= MAX_HANDLERS:
        level = service_level(agents, load, handling_seconds, target_wait_seconds)
        if level >= target_share:
            return Staffing(agents, level, load)
        agents += 1
    raise ImpossibleTarget(f"More than {MAX_HANDLERS} handlers would be needed: check the call figures")
