"""Old import path of the loader, kept only so that branches written before pipelines/load/ still import.

New code imports from pipelines.load.run (run_ingest), pipelines.load.batch (IngestResult) and
pipelines.load.report (write_rejection_report); nothing in this repository imports this module."""
from pipelines.load.batch import IngestResult
from pipelines.load.report import write_rejection_report
from pipelines.load.run import run_ingest

__all__ = ["IngestResult", "run_ingest", "write_rejection_report"]
