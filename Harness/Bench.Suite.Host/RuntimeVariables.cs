namespace Bench.Suite.Host;

/// <summary>The .NET runtime's settings a managed kernel's figures depend on, by the environment variables that set them.</summary>
public static class RuntimeVariables
{
    /// <summary>Tiered PGO: "0" off; unset or "1" on (the runtime's default).</summary>
    public const string Pgo = "DOTNET_TieredPGO";

    /// <summary>The call-counting delay in ms: "0" starts tiering at once (it decides when tier-1 code arrives, not what it is).</summary>
    public const string CallCountingDelay = "DOTNET_TC_CallCountingDelayMs";
}
