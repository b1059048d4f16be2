using Baton.Protocol;

namespace Baton.Client;

/// <summary>The daemon answered with an error: a problem+json body whose <see cref="ApiProblem.Code"/> says which.</summary>
public sealed class BatonApiException(ApiProblem problem, int httpStatus)
    : BatonClientException(problem.Detail ?? problem.Title)
{
    public ApiProblem Problem { get; } = problem;

    public int HttpStatus { get; } = httpStatus;

    public string Code => Problem.Code;
}
