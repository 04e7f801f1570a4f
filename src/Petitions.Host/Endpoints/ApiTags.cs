namespace Petitions.Host.Endpoints;

/// <summary>The API's resource groups: each operation carries one, and the API description explains each.</summary>
public static class ApiTags
{
    public const string Petitions = "Petitions";
    public const string PetitionActions = "Petition actions";
    public const string Repeats = "Repeat complaints";
    public const string Units = "Units";
    public const string Rounds = "Inspection rounds";
    public const string Statistics = "Statistics";
    public const string ProblemList = "Problem list";
    public const string Supervision = "Supervision";
    public const string Users = "Users";
    public const string Administration = "Administration";
    public const string Auth = "Auth";
    public const string Public = "Complainant self-service";
    public const string Demo = "Demo";
    public const string Operations = "Operations";
    public const string Rectification = "Rectification ledger";
    public const string HandoverLists = "Handover lists";
    public const string Disclosure = "Public disclosure";
    public const string Imports = "Imports";
    public const string Evidence = "Evidence files";
    public const string Batch = "Batch actions";
    public const string SavedFilters = "Saved filters";
    public const string Notifications = "Notifications";

    public static readonly IReadOnlyDictionary<string, string> Descriptions = new Dictionary<string, string>
    {
        [Public] = "The complainant's self-service, without an account: look a case up with its case number and the query code from the receipt, rate the handling once, and ask for 复查 / 复核 of the written opinion. Throttled per client address and per case number (429).",
        [Auth] = "Sign in for a bearer token; every other /api call sends it as `Authorization: Bearer <token>`.",
        [Petitions] = "Complaints (信访件) registered from the inspection teams' hand-overs and the routine channels: register, list, read.",
        [PetitionActions] = "The case lifecycle: assign, accept, transfer, site visits, result, callbacks, close, reopen, extensions, supervision. " +
                            "Each answers the case with its version in the ETag; send Idempotency-Key to make a retry safe and If-Match to refuse a stale action (412).",
        [Repeats] = "Repeat complaints (重复信访): the check before registering, and linking a case to its original.",
        [Units] = "Responsible units (责任单位): the unit tree, a unit's queue of open cases, supervision notices to units.",
        [Rounds] = "Inspection rounds (巡视轮次) and the batches of complaints handed over in each.",
        [Statistics] = "Completion, on-time, satisfaction, repeat and substantiated rates, and the weekly trend, from the read model.",
        [ProblemList] = "The problem list (问题清单): cases that need follow-up, with target, deadline and responsible person.",
        [Supervision] = "Look-back reviews (回头看): samples of closed cases checked for whether the handling held up.",
        [Users] = "Accounts, their roles and the units they may act for (administrators).",
        [Administration] = "The security log, the read-model recount and the identity key ring (administrators).",
        [Demo] = "Progress of the demo data load (public, counts only).",
        [Rectification] = "The rectification ledger (整改任务台账): plans per round and region, tasks with deadlines, measures and progress, verification and closing (验收销号), links to petition cases, import of the report and export.",
        [Imports] = "Bulk data in: legacy ledgers imported with their history (preview, then commit), each case through the same rules at its own dates.",
        [Evidence] = "Files attached to a case (附件): photos, PDF and Office documents for the registration, site visits, results, callbacks and look-back reviews. Typed by content, limited per file and per case, stored once per content hash, and served only to those who may see the case.",
        [Batch] = "One action on many cases at once (批量操作): assign, accept, supervision notice, export. Each case goes through the same request as one by one and gets its own timeline entry and answer; refused ones carry their ProblemDetails.",
        [SavedFilters] = "The caller's own saved filters of the case list and the queue (常用筛选), kept on the server per user.",
        [Notifications] = "The signed-in user's inbox (站内提醒): cases due within 3 days or overdue, supervision notices and their replies, urgent cases, review requests, returned cases. Each notice also leaves through the outbox (log, e-mail, SMS gateway), once, and never carries complainant data.",
        [Operations] = "Health check for load balancers and monitoring.",
        [HandoverLists] = "Handover lists (交办清单) imported from .xlsx: a preview per row and column, then a commit that registers all rows or none, each once per round; the template.",
        [Disclosure] = "Public disclosure (信息公开) of handover batches: publication deadline, publishing, and the published table for anyone (no personal data).",
    };
}
