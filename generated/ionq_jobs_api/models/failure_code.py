from enum import StrEnum


class FailureCode(StrEnum):
    COMPILATIONERROR = "CompilationError"
    CONTRACTEXPIREDERROR = "ContractExpiredError"
    DEBIASINGERROR = "DebiasingError"
    INTERNALERROR = "InternalError"
    INVALIDINPUT = "InvalidInput"
    NOTENOUGHQUBITS = "NotEnoughQubits"
    OPTIMIZATIONERROR = "OptimizationError"
    PREFLIGHTERROR = "PreflightError"
    QUANTUMCIRCUITCOMPLEXITYERROR = "QuantumCircuitComplexityError"
    QUANTUMCOMPUTERERROR = "QuantumComputerError"
    QUOTAEXHAUSTEDERROR = "QuotaExhaustedError"
    SIMULATIONERROR = "SimulationError"
    SIMULATIONTIMEOUT = "SimulationTimeout"
    SYSTEMCANCEL = "SystemCancel"
    TOOLONGPREDICTEDEXECUTIONTIME = "TooLongPredictedExecutionTime"
    TOOMANYCONTROLS = "TooManyControls"
    TOOMANYGATES = "TooManyGates"
    TOOMANYSHOTS = "TooManyShots"
    UNKNOWNBILLINGERROR = "UnknownBillingError"
    UNSUPPORTEDGATE = "UnsupportedGate"

    def __str__(self) -> str:
        return str(self.value)
