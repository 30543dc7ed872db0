"""ionq_facade: a small, typed layer over the generated IonQ jobs client (`ionq_jobs_api`)."""

__version__ = "0.1.0"
