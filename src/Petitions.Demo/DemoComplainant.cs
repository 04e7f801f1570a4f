namespace Petitions.Demo;

public sealed record DemoComplainant(string? Name, string? Phone, string? Address, bool Anonymous);
