"""The Korla example, as `yusuan show --json` reports it: the values the issue lists, and more."""

from __future__ import annotations

from conftest import KORLA, show_json


def test_totals_and_classes() -> None:
    figures = show_json(KORLA)["figures"]
    assert figures["income"]["total"] == "1307.84"
    assert figures["income"]["by_source"]["general"]["amount"] == "1307.84"
    classes = {code: item["total"] for code, item in figures["expenditure"]["by_class"].items()}
    assert classes == {"201": "1196.24", "208": "51.21", "210": "23.42", "221": "36.97"}
    assert figures["expenditure"]["total"] == "1307.84"


def test_basic_and_projects() -> None:
    figures = show_json(KORLA)["figures"]
    assert figures["basic"]["total"] == "1051.59"
    assert figures["basic"]["personnel"] == "706.14"
    assert figures["basic"]["public"] == "345.45"
    assert figures["basic"]["economic_total"] == figures["basic"]["total"]
    assert figures["projects"]["count"] == 8
    assert figures["projects"]["total"] == "256.25"
    amounts = [p["amount"] for p in figures["projects"]["items"]]
    assert amounts == ["40.00", "30.00", "3.00", "9.00", "34.25", "50.00", "80.00", "10.00"]
    assert all(p["allocations_total"] == p["amount"] for p in figures["projects"]["items"])


def test_sangong_staffing_assets() -> None:
    figures = show_json(KORLA)["figures"]
    sangong = figures["sangong"]
    assert (sangong["total"], sangong["vehicle_running"], sangong["reception"]) == ("67.70", "64.00", "3.70")
    assert sangong["change"]["direction"] == "持平"
    staffing = figures["staffing"]
    assert (staffing["authorized"], staffing["actual"], staffing["in_service"], staffing["retired"]) == (
        45,
        43,
        34,
        9,
    )
    assert staffing["changes"] == {"in_service": -3, "retired": 0, "retired_cadres": 0}
    assert figures["assets"]["vehicles"] == {"count": 22, "value": "476.53"}
    assert figures["procurement"]["total"] == "332.83"


def test_performance_tables() -> None:
    performance = show_json(KORLA)["figures"]["performance"]
    assert performance["tables"] == 9
    assert [item["weight_total"] for item in performance["items"]] == ["90"] * 9
    counts = [item["indicators"] for item in performance["items"]]
    assert counts == [4, 11, 13, 8, 12, 7, 7, 17, 7]


def test_prior_year() -> None:
    figures = show_json(KORLA)["figures"]
    prior = figures["prior_year"]
    assert prior["total"] == "1459.00"
    assert prior["basic"] == "1146.00"
    assert prior["project"] == "313.00"
    assert figures["income"]["by_source"]["general"]["change"] == {
        "current": "1307.84",
        "prior": "1459.00",
        "amount": "-151.16",
        "percent": "-10.36",
        "direction": "减少",
    }


def test_subject_changes_are_computed_not_copied() -> None:
    # The seed prints 下降 9.56% for 行政单位医疗; computed from its own amounts it is 42.52%.
    subjects = show_json(KORLA)["figures"]["expenditure"]["by_subject"]
    medical = subjects["2101101"]["change"]
    assert (medical["amount"], medical["percent"], medical["direction"]) == ("-13.18", "-42.52", "减少")
    retirees = subjects["2080501"]["change"]
    assert (retirees["amount"], retirees["percent"], retirees["direction"]) == ("4.80", "160.00", "增加")
    assert subjects["2080506"]["share"] == "1.11"  # the seed prints 1.1


def test_budget_round_trips_through_json() -> None:
    budget = show_json(KORLA)["budget"]
    assert budget["year"] == 2024
    assert budget["unit"]["scope"] == "单位"
    assert budget["projects"][3]["period"] == {"start": "2023-01", "end": "2023-12"}  # printed so (sic)
    assert budget["expenditure"][0]["basic"] == "939.99"


def test_document_in_json_on_request() -> None:
    document = show_json(KORLA, "--document")["document"]
    assert document["layout"] == "xinjiang-2024-unit"
    assert len(document["tables"]) == 11
    assert len(document["performance"]) == 9
