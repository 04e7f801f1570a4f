using Orleans;
using Petitions.Contracts.Cases;
using Petitions.Domain.Cases;

namespace Petitions.Application.Common;

/// <summary>
/// Reads a case from its grain once per request: the authorization behavior and the handler after it ask for the
/// same case, and each grain call copies the whole state.
/// </summary>
public sealed class CaseReader(IGrainFactory grains)
{
    private readonly Dictionary<string, PetitionCase?> read = [];

    public async Task<PetitionCase?> GetAsync(string caseNo)
    {
        if (!read.TryGetValue(caseNo, out var petitionCase))
        {
            read[caseNo] = petitionCase = await grains.GetGrain<IPetitionCaseGrain>(caseNo).Get();
        }

        return petitionCase;
    }
}
