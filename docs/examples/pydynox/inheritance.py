"""Model inheritance: shared attributes in a base class, and one table holding several subclasses."""

from pydynox import DynamoDBClient, Model, ModelConfig, set_default_client
from pydynox.attributes import BooleanAttribute, NumberAttribute, StringAttribute
from pydynox.hooks import before_save
from pydynox.generators import AutoGenerate

set_default_client(DynamoDBClient())


class Audited(Model):
    """No table of its own: attributes and hooks for every model that inherits it."""

    created = StringAttribute(default=AutoGenerate.ISO8601)
    updated_by = StringAttribute(default="system")

    @before_save
    def stamp(self) -> None:
        self.updated_by = self.updated_by.lower()


class Animal(Audited):
    model_config = ModelConfig(table="animals")

    pk = StringAttribute(partition_key=True)
    name = StringAttribute()
    species = StringAttribute(discriminator=True)  # any attribute name will do


class Cat(Animal):
    indoor = BooleanAttribute(default=True)


class Dog(Animal):
    good_boy = BooleanAttribute(default=True)


class Puppy(Dog):  # deeper levels work the same way
    age_weeks = NumberAttribute()


def main() -> None:
    Animal.sync_create_table()
    Cat(pk="A1", name="Tom", updated_by="ADA").sync_save()
    Dog(pk="A2", name="Rex").sync_save()
    Puppy(pk="A3", name="Bit", age_weeks=9).sync_save()

    # Read through the base model: each item comes back as the class it was saved as.
    animals = {a.pk: a for a in Animal.sync_scan()}
    assert type(animals["A1"]) is Cat and animals["A1"].indoor and animals["A1"].updated_by == "ada"
    assert type(animals["A3"]) is Puppy and animals["A3"].good_boy and animals["A3"].age_weeks == 9
    assert animals["A2"].created is not None  # from the Audited base
    assert Animal.sync_get(pk="A3", as_dict=True)["species"] == "Puppy"

    # A subclass reads the same table, with no filter of its own: filter on the discriminator.
    dogs = Dog.sync_scan(filter_condition=Animal.species.is_in("Dog", "Puppy"))
    assert sorted((type(d).__name__, d.name) for d in dogs) == [("Dog", "Rex"), ("Puppy", "Bit")]

    # Through a subclass, an item of a class it knows loads as that class.
    assert type(Dog.sync_get(pk="A1")) is Cat  # Cat was made before Dog


if __name__ == "__main__":
    main()
