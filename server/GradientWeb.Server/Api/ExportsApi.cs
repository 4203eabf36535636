using GradientWeb.Engine.Training;
using GradientWeb.Server.Contracts;
using GradientWeb.Server.Exports;
using GradientWeb.Server.Jobs;
using GradientWeb.Server.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using GradientWeb.Server.Setup;
using Microsoft.Extensions.Options;

namespace GradientWeb.Server.Api;

/// <summary>
/// Downloads: a job's or a sweep's history as CSV or JSON (streamed a page of records at a time) and a job as a
/// PyTorch script that prints the same table.
/// </summary>
public static class ExportsApi
{
    public const string CsvType = "text/csv; charset=utf-8";
    public const string PythonType = "text/x-python; charset=utf-8";

    public static RouteGroupBuilder MapExports(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("").WithTags("Export");

        api.MapGet("/jobs/{id}/history.csv", GetJobCsv)
            .WithSummary("The history as CSV: epoch, loss, then one column per weight named as in paramNames")
            .Produces<string>(StatusCodes.Status200OK, "text/csv")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/jobs/{id}/history.json", GetJobJson)
            .WithSummary("The job and every record (loss and weights; with ?yhat=true ŷ on a sample of up to ~2 M values, computed where not stored) as a JSON file")
            .Produces<Contracts.JobHistoryFile>(StatusCodes.Status200OK, "application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/jobs/{id}/script.py", GetScript)
            .WithSummary("A PyTorch script that reproduces the job (data, model, init, loss, optimizer, epochs) and prints the same table as history.csv")
            .Produces<string>(StatusCodes.Status200OK, "text/x-python")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/sweeps/{id}/history.csv", GetSweepCsv)
            .WithSummary("Every run of a sweep in one CSV: epoch, then each run's loss and weights headed \"label: loss\", \"label: w0\", …")
            .Produces<string>(StatusCodes.Status200OK, "text/csv")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/sweeps/{id}/history.json", GetSweepJson)
            .WithSummary("Every run of a sweep in one JSON file: { sweep, runs: [{ label, job, paramNames, records }] } (ŷ as in a job's history.json with ?yhat=true)")
            .Produces<Contracts.SweepHistoryFile>(StatusCodes.Status200OK, "application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        return api;
    }

    public static Results<PushStreamHttpResult, ProblemHttpResult> GetJobCsv(string id, IJobStore store, HttpContext http) =>
        store.Find(id) is { } job
            ? TypedResults.Stream(body => HistoryCsv.WriteJobAsync(body, store, job, http.RequestAborted), CsvType, $"gradientweb-{id}-history.csv")
            : Problems.JobNotFound(id);

    public static Results<PushStreamHttpResult, ProblemHttpResult> GetJobJson(
        string id, bool? yhat, IJobStore store, ITrainingEngine engine, IOptions<LimitsOptions> limits, IOptions<JsonOptions> json, HttpContext http)
    {
        if (store.Find(id) is not { } job)
        {
            return Problems.JobNotFound(id);
        }

        return WithYhat([job], yhat, engine, limits) switch
        {
            (var each, null) => TypedResults.Stream(
                body => HistoryJson.WriteJobAsync(body, store, job, each![0], json.Value.SerializerOptions, http.RequestAborted),
                "application/json; charset=utf-8",
                $"gradientweb-{id}-history.json"),
            (_, var problem) => problem,
        };
    }

    public static Results<FileContentHttpResult, ProblemHttpResult> GetScript(string id, IJobStore store) =>
        store.Find(id) is { } job
            ? TypedResults.File(System.Text.Encoding.UTF8.GetBytes(PyTorchScript.Write(job)), PythonType, PyTorchScript.FileName(job))
            : Problems.JobNotFound(id);

    public static Results<PushStreamHttpResult, ProblemHttpResult> GetSweepCsv(string id, SweepRepository sweeps, IJobStore store, HttpContext http) =>
        Runs(id, sweeps, store) is { } runs
            ? TypedResults.Stream(body => HistoryCsv.WriteRunsAsync(body, store, runs, http.RequestAborted), CsvType, $"gradientweb-sweep-{id}-history.csv")
            : Problems.SweepNotFound(id);

    public static Results<PushStreamHttpResult, ProblemHttpResult> GetSweepJson(
        string id, bool? yhat, SweepRepository sweeps, IJobStore store, ITrainingEngine engine, IOptions<LimitsOptions> limits, IOptions<JsonOptions> json, HttpContext http)
    {
        if (Runs(id, sweeps, store) is not { } runs)
        {
            return Problems.SweepNotFound(id);
        }

        return WithYhat([.. runs.Select(r => r.Job)], yhat, engine, limits) switch
        {
            (var each, null) => TypedResults.Stream(
                body => HistoryJson.WriteRunsAsync(body, store, id, runs, each!, json.Value.SerializerOptions, http.RequestAborted),
                "application/json; charset=utf-8",
                $"gradientweb-sweep-{id}-history.json"),
            (_, var problem) => problem,
        };
    }

    // ŷ for each job's export, or the problem that refuses it before the download starts: 400 naming yhat when the
    // ŷ to compute is more than one inspection's work, 409 when the job's engine cannot load here to compute them.
    private static (IReadOnlyList<ExportYhat>? Each, ProblemHttpResult? Problem) WithYhat(
        IReadOnlyList<Job> jobs, bool? yhat, ITrainingEngine engine, IOptions<LimitsOptions> limits)
    {
        if (yhat != true)
        {
            return ([.. jobs.Select(ExportYhat.None)], null);
        }

        try
        {
            return (ExportYhat.Prepare(jobs, engine, limits.Value.MaxInspectionWork), null);
        }
        catch (RequestValidationException ex)
        {
            return (null, RequestJson.Invalid(ex.Field, ex.Message));
        }
        catch (Engine.TorchSharp.LibTorchUnavailableException ex)
        {
            return (null, Problems.Conflict($"This job's unstored ŷ are computed by libtorch, which this server cannot load: {ex.Message} Export without ?yhat=true.", "ŷ cannot be computed here."));
        }
    }

    // A purged run drops out of the sweep's export.
    private static List<(string Label, Job Job)>? Runs(string id, SweepRepository sweeps, IJobStore store) =>
        sweeps.Find(id) is { } sweep
            ? [.. sweep.Members.Select(m => (m.Label, Job: store.Find(m.JobId))).Where(r => r.Job is not null).Select(r => (r.Label, r.Job!))]
            : null;
}
