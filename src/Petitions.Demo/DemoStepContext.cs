using Petitions.Domain.Cases;

namespace Petitions.Demo;

/// <summary>What a step needs at the moment it runs: the clock, and the case as the last command left it.</summary>
public sealed record DemoStepContext(DateTimeOffset Now, PetitionCase? Case);
