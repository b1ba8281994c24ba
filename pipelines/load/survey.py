"""Surveys: the survey file, and each export's answers reshaped to one row per respondent × item."""
from __future__ import annotations

import pandas as pd

from pipelines import normalise as nz
from pipelines.contract import KINDS
from pipelines.i18n import Message, message_of
from pipelines.load.batch import Batch, where_of
from pipelines.load.checks import TABLE_COLUMNS, check_reference, reject_repeated_keys, table_rows
from pipelines.load.people import resolve_people
from pipelines.survey_formats import NO_ANSWER, answers_on_scale, match_item_columns
from pipelines.validate import FileProblem, Validated, map_header, validate_table

WAVES = {"baslinje": "baseline", "uppföljning": "follow_up"}


def build_survey(batch: Batch, v: Validated) -> None:
    reject_repeated_keys(v, "survey")
    files = v.frame["file"].map(lambda f: str(f).lower())
    missing = ~files.isin(set(batch.raw_by_name))
    v.reject(missing, "Fil", [Message("loader.survey.export_missing", file=f) for f in v.frame.loc[missing, "file"]])
    items = batch.existing("survey_item")
    if items is None and len(v.frame):
        batch.problems.append(Message("loader.survey.no_items"))
        return
    survey = v.frame.assign(wave=v.frame["wave"].map(WAVES), source_file=v.frame["file"])
    batch.tables["survey"] = table_rows(survey, "survey")
    responses = []
    for row in survey.itertuples(index=False):
        try:
            responses.append(survey_responses(batch, row, items))
        except Exception as exc:  # one export's surprise rejects that export, not the whole batch
            for raw in batch.raw_by_name.get(str(row.file).lower(), ()):
                step = Message("loader.rows.step_survey")
                batch.reject_file(raw, "survey_export", batch.unexpected(where_of(raw), step, exc))
    responses = [r for r in responses if r is not None]
    batch.tables["survey_response"] = (pd.concat(responses, ignore_index=True) if responses else
                                      pd.DataFrame(columns=TABLE_COLUMNS["survey_response"]))


def survey_responses(batch: Batch, survey, items: pd.DataFrame) -> pd.DataFrame | None:
    """Long answers (respondent × item) from one survey's export file."""
    raws = batch.raw_by_name[str(survey.file).lower()]
    catalogue = items[items["survey_kind"] == survey.kind]
    frames = []
    for raw in raws:
        report = batch.report_by_table[(raw.file_name, raw.sheet)]
        report.kind = "survey_export"
        where = where_of(raw)
        try:  # an unknown gender makes the gender unknown: the respondent's answers still count
            identity = validate_table(raw, KINDS["survey_export"], lenient=("gender",))
        except FileProblem as exc:  # no required columns, so only a malformed header or a repeated column
            report.outcome = "avvisad"
            report.message = Message("loader.file.problem", where=where, problem=message_of(exc))
            batch.problems.append(report.message)
            continue
        batch.warnings.extend(identity.warnings)
        positions = map_header(raw.header, KINDS["survey_export"])
        by_id = {item.item_id: item for item in catalogue.itertuples(index=False)}
        questions = [h if pos not in positions.values() else "" for pos, h in enumerate(raw.header)]
        repeated: dict[int, str] = {}
        matched = match_item_columns(questions, {i: item.item_text for i, item in by_id.items()}, repeated)
        if repeated:  # the same question twice: which answers count cannot be told
            position, item_id = next(iter(repeated.items()))
            first = next(p for p, i in matched.items() if i == item_id)
            report.outcome = "avvisad"
            report.message = Message("loader.survey.repeated_item", where=where, item=item_id,
                                     first=nz.shown(raw.header[first], 40), second=nz.shown(raw.header[position], 60))
            batch.problems.append(report.message)
            continue
        item_columns = {pos: by_id[item_id] for pos, item_id in matched.items()}
        if not item_columns:
            report.outcome = "avvisad"
            report.message = Message("loader.survey.no_item_columns", where=where, kind=survey.kind)
            batch.problems.append(report.message)
            continue
        ignored = [h for pos, h in enumerate(raw.header) if pos not in positions.values()
                   and pos not in item_columns and h]
        if ignored:
            report.message = Message("loader.survey.ignored", columns=", ".join(ignored[:10]))
        identified = bool({"employee_id", "personnummer"} & identity.present)
        if "unit_id" in identity.present:  # an anonymous answer must still land in a real department
            check_reference(batch, identity, "unit_id", "org_unit", "unit_id", "Enhets-id", "i enhetsfilen")
        if identified:
            resolve_people(batch, identity)
            reject_repeated_keys(identity, "survey_export")
        batch.rejections.extend(r | {"project_id": batch.project_id} for r in identity.rejections)
        identity.rejections = []
        people = identity.frame.set_index("_line")
        lines = raw.rows.set_index("_line")
        lines = lines[lines.index.isin(people.index)]
        long = pd.concat(
            [pd.DataFrame({"_line": lines.index, "item_id": item.item_id, "column_name": raw.header[pos],
                           "text": lines[pos].astype(object).values, "scale_min": item.scale_min,
                           "scale_max": item.scale_max})
             for pos, item in item_columns.items()], ignore_index=True)
        text = long["text"].fillna("").astype(str).str.strip()
        folded, _ = nz.map_unique(text, nz.fold)  # each distinct answer folded once: exports are large
        long = long[~folded.isin(NO_ANSWER)]
        answer, error = answers_on_scale(text[long.index], long["scale_min"], long["scale_max"])
        long = long.assign(answer=answer, error=error)
        long = long[long["error"].notna() | long["answer"].notna()]  # a no-answer label is no answer
        out_of_scale = long["error"].isna() & long["answer"].notna() & (
            (long["answer"].astype(float) < long["scale_min"]) | (long["answer"].astype(float) >
                                                                 long["scale_max"]))
        # by hand: a Message (pipelines.i18n) must stay one in the object column
        scale_errors = {i: Message("loader.survey.out_of_scale", answer=a, low=lo, high=hi) for i, a, lo, hi in
                        long.loc[out_of_scale, ["answer", "scale_min", "scale_max"]].itertuples(index=True)}
        long["error"] = pd.Series([scale_errors.get(i, e) for i, e in zip(long.index, long["error"])],
                                  index=long.index, dtype=object)
        bad = long[long["error"].notna()]
        batch.rejections.extend(
            {"project_id": batch.project_id, "file_name": raw.file_name, "sheet": raw.sheet,
             "line": int(r.line), "column_name": r.column_name,
             "reason": nz.mask_personnummer(nz.capitalise(r.error))}
            for r in bad.rename(columns={"_line": "line"}).itertuples(index=False))
        good = long[long["error"].isna()]
        if identified:
            person = batch.existing("person")
            person = person.set_index("person_id") if person is not None else None
            pid = people["person_id"]
            respondent = pid
            gender = pid.map(person["gender"]) if person is not None else pid.map(lambda _: None)
            unit = pid.map(person["unit_id"]) if person is not None else pid.map(lambda _: None)
        else:
            pid = pd.Series(None, index=people.index, dtype=object)
            respondent = pd.Series([batch.pseudo.respondent_id(batch.project_id, survey.survey_id, line)
                                    for line in people.index], index=people.index)
            gender = people["gender"]
            unit = people["unit_id"]
        frames.append(pd.DataFrame({
            "survey_id": survey.survey_id, "wave": survey.wave,
            "respondent_id": good["_line"].map(respondent).values,
            "person_id": good["_line"].map(pid).astype(object).values,
            "gender": good["_line"].map(gender).astype(object).values,
            "unit_id": good["_line"].map(unit).astype(object).values,
            "item_id": good["item_id"].values, "answer": good["answer"].astype("int64").values}))
    return pd.concat(frames, ignore_index=True) if frames else None
