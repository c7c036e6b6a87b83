"""`unit list`, `branch list` and `member list`: names, filters and --json, on both databases."""

from __future__ import annotations

import pytest


def test_unit_list_is_the_tree_in_order_with_depths(org_cli):
    assert [(n["id"], n["kind"], n["name"], n["parent_id"], n["category"], n["depth"])
            for n in org_cli.json("unit", "list")] == [
        ("C1", "committee", "Company Party Committee", None, None, 0),
        ("G1", "general_branch", "General Branch One", "C1", None, 1),
        ("B1", "branch", "Workshop One", "G1", "production", 2),
        ("B2", "branch", "Office", "G1", "management", 2)]
    assert [n["id"] for n in org_cli.json("unit", "list", "--under", "G1")] == ["G1", "B1", "B2"]


def test_branch_list_with_names_categories_and_member_counts(org_cli):
    assert org_cli.json("branch", "list") == [
        {"branch_id": "B1", "name": "Workshop One", "category": "production", "parent_id": "G1",
         "established_on": "2024-01-01", "members": 5},
        {"branch_id": "B2", "name": "Office", "category": "management", "parent_id": "G1",
         "established_on": "2024-01-01", "members": 1}]
    assert [b["branch_id"] for b in org_cli.json("branch", "list", "--category", "management")] == ["B2"]
    assert [b["branch_id"] for b in org_cli.json("branch", "list", "--under", "B1")] == ["B1"]


def test_member_list_filters_by_current_branch_and_by_unit(org_cli):
    org_cli.ok("member", "transfer", "M5", "--to", "B2", "--on", "2026-02-01", "--by", "sec")
    every = org_cli.json("member", "list")
    assert every[0] == {"member_id": "M1", "name": "Member 1", "status": "full", "branch_id": "B1",
                        "joined_on": "2025-01-01"}
    assert [m["member_id"] for m in every] == ["M1", "M2", "M3", "M4", "M5", "M6"]
    assert [m["member_id"] for m in org_cli.json("member", "list", "--branch", "B2")] == ["M5", "M6"]
    assert [m["member_id"] for m in org_cli.json("member", "list", "--under", "G1")] == [m["member_id"] for m in every]
    assert [m["member_id"] for m in org_cli.json("member", "list", "--under", "B1", "--branch", "B1")] == [
        "M1", "M2", "M3", "M4"]


@pytest.mark.parametrize("args, message", [
    (["member", "list", "--branch", "BX"], "no branch with id 'BX'"),
    (["member", "list", "--under", "GX"], "no unit or branch with id 'GX'"),
    (["branch", "list", "--under", "GX"], "no unit or branch with id 'GX'"),
    (["unit", "list", "--under", "GX"], "no unit or branch with id 'GX'"),
])
def test_listing_under_an_unknown_id_is_one_line(org_cli, args, message):
    org_cli.refused(*args, message=message)
