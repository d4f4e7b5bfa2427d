"""Package file names: the route first, then what tells one package from the next."""

from __future__ import annotations

from app.sync.naming import SUFFIX, package_file_name


def test_a_name_says_who_sent_it_to_whom_then_its_tags() -> None:
    assert package_file_name("S001", "C4105", "0007", "20261122") == (
        "S001-to-C4105-0007-20261122.ncmspkg"
    )
    assert package_file_name("C4105", "S001") == "C4105-to-S001.ncmspkg"
    assert SUFFIX == ".ncmspkg"


def test_names_of_one_route_sort_by_their_sequence() -> None:
    names = [package_file_name("S001", "C4105", f"{n:04d}", "20261122") for n in (10, 2, 1)]
    assert sorted(names) == [
        package_file_name("S001", "C4105", f"{n:04d}", "20261122") for n in (1, 2, 10)
    ]
