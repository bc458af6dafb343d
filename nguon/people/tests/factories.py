import datetime as dt

import factory

from nguon.people.services import person_create


class PersonFactory(factory.Factory):
    class Meta:
        model = dict

    full_name = factory.Iterator(["Nguyễn Thị Hoa", "Trần Văn Nam", "Lê Thị Mai", "Phạm Minh Tuấn"])
    sex = factory.Iterator(["F", "M", "F", "M"])
    birth_date = dt.date(1980, 5, 17)

    @classmethod
    def _create(cls, model_class, **kwargs):
        return person_create(**kwargs)
