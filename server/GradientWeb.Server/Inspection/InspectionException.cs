namespace GradientWeb.Server.Inspection;

/// <summary>The job exists but this view does not apply to it (a decision boundary for one feature): a 409.</summary>
public sealed class InspectionException(string message) : Exception(message);
