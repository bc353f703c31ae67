namespace LsatsHub.Engine.Execution;

/// <summary>Where a <see cref="StepGate"/> stands within one run.</summary>
internal enum GateState
{
    /// <summary>No step it applies to has been ready yet.</summary>
    Closed,

    /// <summary>Its work is running; the steps it applies to wait.</summary>
    Opening,

    /// <summary>Its work succeeded; the steps it applies to may start.</summary>
    Open,

    /// <summary>Its work threw; the steps it applies to fail.</summary>
    Failed,
}
