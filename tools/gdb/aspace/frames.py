"""
The `frames` command: physical memory as the buddy allocator
(mm/page_alloc.c) sees it: free frames, and its free lists, one per order,
each walked to check it against the counters the allocator keeps.
"""
import itertools

import gdb

from kernel_constants import MAX_ORDER, PG_buddy

from .kernel import kib, list_entries, page_to_pfn, static_variable


def free_list_problems(order, free_area):
    """Walk the free list of one order: each entry must be the first page
    of a free block of that order (PG_buddy, page->order), and there must
    be nr_free of them. The walk stops one past nr_free, so a list that
    loops cannot hang it."""
    nr_free = int(free_area["nr_free"])
    entries = list_entries(free_area["free_list"], "page", "lru")
    problems, walked = [], 0
    for page in itertools.islice(entries, nr_free + 1):
        walked += 1
        if not int(page["flags"]) & (1 << PG_buddy) or \
                int(page["order"]) != order:
            problems.append(f"order {order}: pfn {page_to_pfn(page):#x} is "
                            "on the list but not a free block of this order")
    if walked != nr_free:
        more = "more than" if walked > nr_free else ""
        problems.append(f"order {order}: nr_free {nr_free}, the list has "
                        f"{more} {walked}")
    return problems


class Frames(gdb.Command):
    """frames: free frames and the buddy allocator's free lists, checked.
    Free and managed frames, the free blocks of each order, and a walk of
    each free list against the allocator's counters."""

    def __init__(self):
        super().__init__("frames", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        zone = static_variable("zone")
        free, managed = int(zone["free_pages"]), int(zone["managed_pages"])
        print(f"frames: {free} free ({kib(free)} KB) of {managed} managed; "
              f"max_pfn {int(gdb.parse_and_eval('max_pfn')):#x}, mem_map "
              f"{int(gdb.parse_and_eval('mem_map')):#x}")
        print(f"  {'order':>5} {'block':>8} {'nr_free':>8} {'frames':>8}")
        problems, counted = [], 0
        for order in range(MAX_ORDER):
            free_area = zone["free_area"][order]
            nr_free = int(free_area["nr_free"])
            counted += nr_free << order
            print(f"  {order:5} {kib(1 << order):5} KB {nr_free:8} "
                  f"{nr_free << order:8}")
            problems += free_list_problems(order, free_area)
        if counted != free:
            problems.append(f"free_pages is {free}, the orders add up to "
                            f"{counted}")
        print("check: " + ("; ".join(problems) if problems else
                           "every free list agrees with nr_free and "
                           "free_pages"))
