"""Contains all the data models used in inputs/outputs"""

from .cost_model import CostModel
from .error import Error
from .failure import Failure
from .failure_code import FailureCode
from .job import Job
from .job_canceled import JobCanceled
from .job_cost import JobCost
from .job_deleted import JobDeleted
from .job_detail import JobDetail
from .job_ids import JobIds
from .job_status import JobStatus
from .jobs_canceled import JobsCanceled
from .jobs_deleted import JobsDeleted
from .jobs_page import JobsPage
from .money import Money
from .noise import Noise
from .noise_model import NoiseModel
from .probabilities import Probabilities

__all__ = (
    "CostModel",
    "Error",
    "Failure",
    "FailureCode",
    "Job",
    "JobCanceled",
    "JobCost",
    "JobDeleted",
    "JobDetail",
    "JobIds",
    "JobsCanceled",
    "JobsDeleted",
    "JobsPage",
    "JobStatus",
    "Money",
    "Noise",
    "NoiseModel",
    "Probabilities",
)
