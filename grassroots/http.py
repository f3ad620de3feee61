def page_number(request) -> int:
    """The ?page= of a list, 1 when absent or not a positive number."""
    try:
        return max(1, int(request.GET.get("page", 1)))
    except (TypeError, ValueError):
        return 1
