"""Contains all the data models used in inputs/outputs"""

from .cost_model import CostModel
from .error import Error
from .failure import Failure
from .failure_code import FailureCode
from .job import Job
from .job_status import JobStatus
from .jobs_page import JobsPage
from .noise import Noise
from .noise_model import NoiseModel

__all__ = (
    "CostModel",
    "Error",
    "Failure",
    "FailureCode",
    "Job",
    "JobsPage",
    "JobStatus",
    "Noise",
    "NoiseModel",
)
