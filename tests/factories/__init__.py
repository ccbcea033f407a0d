from .accounts import StaffUserFactory, UserFactory, VerifiedUserFactory

__all__ = ["StaffUserFactory", "UserFactory", "VerifiedUserFactory"]
