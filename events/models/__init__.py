from .rooms import Room, Track
from .sessions import Session
from .summits import SummitIndexPage, SummitPage

__all__ = ["Room", "Session", "SummitIndexPage", "SummitPage", "Track"]
