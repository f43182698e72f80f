namespace Siphon.Simulator;

/// <summary>Which credential a family checks.</summary>
internal enum Credential
{
    Bearer,
    ApiKey,
}
