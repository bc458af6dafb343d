"""The site's front page (the full web application comes later; the admin is the UI for now)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from nguon.areas.models import Area
from nguon.organizations.models import Tenure
from nguon.people.models import Person


def home(request: HttpRequest) -> HttpResponse:
    counts = {
        "areas": Area.objects.count(),
        "people": Person.objects.count(),
        "tenures": Tenure.objects.count(),
    }
    return render(request, "web/home.html", {"counts": counts})
